//! Runnable examples of cloudfn: see `examples/`.
