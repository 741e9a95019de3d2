//! A campaign's stages: the office's moves between them, the gate that binds each action to its
//! stage, and the nomination's path through them.

mod gate;
mod lifecycle;
mod workflow;
