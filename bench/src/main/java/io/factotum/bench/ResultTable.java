package io.factotum.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The house format of every harness's results: a markdown table on standard output and the same rows
 * as TSV (cell, system, figure, unit, baseline, baseline_figure, ratio) appended to a results file,
 * by default the one {@code $BENCH_RESULTS} names.
 */
public final class ResultTable {
    /**
     * One figure with the baseline measured in the same run. A missing figure (the system failed or
     * timed out) is NaN.
     */
    public record Row(String cell, String system, double figure, String unit, String baseline, double baselineFigure) {
        /** figure / baseline figure; NaN without a baseline. */
        public double ratio() {
            return baselineFigure == 0 ? Double.NaN : figure / baselineFigure;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    public void add(Row row) {
        rows.add(row);
    }

    public void add(String cell, String system, double figure, String unit, String baseline, double baselineFigure) {
        add(new Row(cell, system, figure, unit, baseline, baselineFigure));
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Prints the table with its header and appends the rows to {@code $BENCH_RESULTS}, if set. */
    public void print() {
        print(true);
    }

    /** {@code header}: with the header lines (off to continue a table another run began). */
    public void print(boolean header) {
        printMarkdown(System.out, header);
        String file = System.getenv("BENCH_RESULTS");
        if (file != null && !file.isEmpty()) {
            appendTsv(Path.of(file));
        }
    }

    /** The markdown table. */
    public void printMarkdown(PrintStream out, boolean header) {
        if (header) {
            out.println("| cell | system | figure | unit | baseline | baseline figure | ratio |");
            out.println("|---|---|---|---|---|---|---|");
        }
        for (Row r : rows) {
            out.println("| " + cell(r.cell()) + " | " + cell(r.system()) + " | " + number(r.figure()) + " | " + r.unit()
                    + " | " + cell(r.baseline()) + " | " + number(r.baselineFigure()) + " | " + ratio(r.ratio()) + " |");
        }
        out.flush();
    }

    /** Appends the rows as TSV to {@code file}. */
    public void appendTsv(Path file) {
        String tsv = rows.stream().map(r -> String.join("\t", r.cell(), r.system(), plain(r.figure()), r.unit(),
                r.baseline(), plain(r.baselineFigure()), plain(r.ratio()))).collect(Collectors.joining("\n", "", "\n"));
        try {
            Files.writeString(file, tsv, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append the results to " + file, e);
        }
    }

    /** Appends to {@code file} if given, else to {@code $BENCH_RESULTS} if set. */
    public void appendTsv(Optional<Path> file) {
        Optional<Path> target = file.or(() -> Optional.ofNullable(System.getenv("BENCH_RESULTS"))
                .filter(f -> !f.isEmpty()).map(Path::of));
        target.ifPresent(this::appendTsv);
    }

    /** A markdown table cell's text: a {@code |} would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** Three significant digits at least, thousands grouped, no exponent: 1,838 / 618 / 7.1 / 0.14. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        if (magnitude > 0 && magnitude < 0.001) {
            return String.format(Locale.ROOT, "%.3g", value);
        }
        String pattern = magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** Two decimals, more for ratios far below 1 (memory against an fsync). */
    public static String ratio(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, value >= 0.1 ? "%.2f" : value >= 0.001 ? "%.4f" : "%.2e", value);
    }

    private static String plain(double value) {
        return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** The median (the mean of the middle two for an even count); NaN for none. */
    public static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** The nearest-rank percentile {@code p} (0-100) of nanosecond samples, in milliseconds. */
    public static double percentileMillis(long[] nanos, double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))] / 1e6;
    }
}
