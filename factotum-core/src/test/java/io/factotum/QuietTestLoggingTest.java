package io.factotum;

/** This module's tests log to a file, not the console. */
class QuietTestLoggingTest extends QuietTestLoggingContract {
}
