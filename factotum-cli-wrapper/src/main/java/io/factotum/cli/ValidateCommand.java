package io.factotum.cli;

import io.factotum.factfile.FactfileException;
import io.factotum.factfile.Variables;

/** {@code factotum validate <factfile>} (spec 3.4): parse with empty variables, say whether it is valid. */
final class ValidateCommand {
    private final Console console;
    private final FactfileLoader loader;

    ValidateCommand(Console console, FactfileLoader loader) {
        this.console = console;
        this.loader = loader;
    }

    int run(String factfile) {
        try {
            loader.load(factfile, Variables.none());
        } catch (FactfileException e) {
            console.println(console.red(e.getMessage()));
            return ExitCodes.INVALID_FACTFILE;
        }
        console.println(console.green("'" + factfile + "' is a valid Factfile!"));
        return ExitCodes.SUCCESS;
    }
}
