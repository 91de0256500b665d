//! Guided lessons, one per section of the seed text: the content as data
//! ([`content`]) and a pure engine ([`engine`]) that resets the lab, runs a
//! step's command and reveals the learner's prediction.

pub mod content;
pub mod engine;

pub use content::{Focus, LESSONS, Lesson, Question, Step};
pub use engine::{LessonAction, Progress};
