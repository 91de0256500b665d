//! Guided lessons, one per section of the seed text: the content as data
//! ([`content`]) and a pure engine ([`engine`]) that keeps the learner's
//! progress and answers each lesson action with the playground actions to
//! take (open a prepared lab, run a step's command, point the inspector).

pub mod content;
pub mod engine;

pub use content::{LESSONS, Lesson, Question, Step};
pub use engine::Progress;
