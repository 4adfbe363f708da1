//! The screens, one a file. In the release build some come in chunks of their own
//! (`crate::lazy`).

pub mod admin;
pub mod doors;
pub mod hall;
pub mod matter;
pub mod me;
pub mod meeting;
pub mod meetings;
pub mod minutes;
pub mod notice;
pub mod raise;
pub mod register;
pub mod sheets;
pub mod signin;
pub mod welcome;
