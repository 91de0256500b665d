//! Tests of the interpreter through the lab: programs run as a user
//! types them, compared with CPython's output.
