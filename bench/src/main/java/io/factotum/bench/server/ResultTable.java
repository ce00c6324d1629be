package io.factotum.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The harnesses' output: a markdown table on stdout and, when {@code $BENCH_RESULTS} names a file,
 * the same rows appended to it as TSV (cell, system, figure, unit, baseline, baseline_figure, ratio).
 */
final class ResultTable {
    /** One figure with the baseline measured in the same run. */
    record Row(String cell, String system, double figure, String unit, String baseline, double baselineFigure) {
        double ratio() {
            return baselineFigure == 0 ? Double.NaN : figure / baselineFigure;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    void add(String cell, String system, double figure, String unit, String baseline, double baselineFigure) {
        rows.add(new Row(cell, system, figure, unit, baseline, baselineFigure));
    }

    /** Prints the rows; {@code header}: with the table's header lines (off to continue a table). */
    void print(boolean header) throws IOException {
        StringBuilder md = new StringBuilder();
        if (header) {
            md.append("| cell | system | figure | unit | baseline | baseline figure | ratio |\n");
            md.append("|---|---|---|---|---|---|---|\n");
        }
        StringBuilder tsv = new StringBuilder();
        for (Row r : rows) {
            md.append("| ").append(r.cell()).append(" | ").append(r.system()).append(" | ").append(format(r.figure()))
                    .append(" | ").append(r.unit()).append(" | ").append(r.baseline()).append(" | ")
                    .append(format(r.baselineFigure())).append(" | ").append(String.format(Locale.ROOT, "%.2f", r.ratio()))
                    .append(" |\n");
            tsv.append(String.join("\t", r.cell(), r.system(), format(r.figure()), r.unit(), r.baseline(),
                    format(r.baselineFigure()), String.format(Locale.ROOT, "%.3f", r.ratio()))).append('\n');
        }
        System.out.print(md);
        System.out.flush();
        String file = System.getenv("BENCH_RESULTS");
        if (file != null && !file.isEmpty()) {
            Files.writeString(Path.of(file), tsv, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /** Three significant digits at least, no exponent. */
    static String format(double v) {
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
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** The median of some values (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** The nearest-rank percentile {@code p} (0-100) of nanosecond samples, in milliseconds. */
    static double percentileMillis(long[] nanos, double p) {
        long[] s = nanos.clone();
        java.util.Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))] / 1e6;
    }
}
