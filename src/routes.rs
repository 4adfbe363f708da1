//! The screens, one a file.

pub mod hall;
pub mod matter;
pub mod me;
pub mod notice;
pub mod raise;
pub mod register;
pub mod signin;
pub mod welcome;
