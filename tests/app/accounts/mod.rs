//! Accounts: first-run setup, signing in and out, and the office's units and users.

mod api;
mod sign_in;
mod units_users;
