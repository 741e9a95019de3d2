//! A campaign's stages: the office's moves between them, and the gate that binds each action
//! to its stage.

mod lifecycle;
