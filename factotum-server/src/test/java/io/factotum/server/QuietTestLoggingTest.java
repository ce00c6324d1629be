package io.factotum.server;

import io.factotum.QuietTestLoggingContract;

/** This module's tests log to a file, not the console. */
class QuietTestLoggingTest extends QuietTestLoggingContract {
}
