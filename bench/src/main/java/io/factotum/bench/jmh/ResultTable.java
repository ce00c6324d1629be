package io.factotum.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The house format of every bench result: a markdown table on standard output and, when the
 * environment variable {@code BENCH_RESULTS} names a file, the same rows appended to it as TSV.
 */
public final class ResultTable {
    /** One figure with the baseline measured in the same run. */
    public record Row(String cell, String system, double figure, String unit, String baseline, double baselineFigure) {
        /** figure / baseline figure. */
        public double ratio() {
            return figure / baselineFigure;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    public void add(Row row) {
        rows.add(row);
    }

    /** Prints the markdown table and appends the TSV rows to {@code $BENCH_RESULTS} if set. */
    public void print() {
        System.out.println("| cell | system | figure | unit | baseline | baseline figure | ratio |");
        System.out.println("|---|---|---|---|---|---|---|");
        StringBuilder tsv = new StringBuilder();
        for (Row r : rows) {
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", r.cell(), r.system(), number(r.figure()),
                    r.unit(), r.baseline(), number(r.baselineFigure()), ratio(r.ratio()));
            tsv.append(String.join("\t", r.cell(), r.system(), number(r.figure()), r.unit(), r.baseline(),
                    number(r.baselineFigure()), ratio(r.ratio()))).append('\n');
        }
        String target = System.getenv("BENCH_RESULTS");
        if (target != null && !target.isEmpty()) {
            try {
                Files.writeString(Path.of(target), tsv.toString(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to BENCH_RESULTS " + target, e);
            }
        }
    }

    /** Three significant digits at most, no exponent: figures span 0.1 us to seconds. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String ratio(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        // two significant digits for ratios far below 1 (e.g. memory against an fsync)
        return String.format(Locale.ROOT, Math.abs(v) < 0.1 ? "%.2g" : "%.2f", v);
    }
}
