package io.factotum.server.ctl;

import java.util.List;

/** {@code bin/factotumctl}: runs {@link FactotumCtl} on the process's arguments and exits with its code. */
public final class FactotumCtlMain {
    private FactotumCtlMain() {
    }

    public static void main(String[] args) {
        int code = new FactotumCtl(System.out, System.err, System.getenv(), System.console() != null).run(List.of(args));
        System.out.flush();
        System.exit(code);
    }
}
