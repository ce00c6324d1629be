package io.factotum.bench.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One line of a harness's results: a figure, the baseline measured in the same run, and their ratio
 * (figure / baseline). A missing figure (the system failed or timed out) is NaN.
 */
public record ResultRow(String cell, String system, double figure, String unit, String baseline,
        double baselineFigure) {

    public double ratio() {
        return figure / baselineFigure;
    }

    /** Prints {@code rows} as the house's markdown table. */
    public static void printMarkdown(List<ResultRow> rows, PrintStream out) {
        out.println("| cell | system | figure | unit | baseline | baseline figure | ratio |");
        out.println("|---|---|---|---|---|---|---|");
        for (ResultRow r : rows) {
            out.println("| " + cell(r.cell()) + " | " + cell(r.system()) + " | " + number(r.figure()) + " | " + r.unit()
                    + " | " + cell(r.baseline()) + " | " + number(r.baselineFigure()) + " | " + ratio(r.ratio()) + " |");
        }
    }

    /** A markdown table cell's text: a {@code |} would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** Appends {@code rows} as TSV (cell, system, figure, unit, baseline, baseline_figure, ratio). */
    public static void appendTsv(List<ResultRow> rows, Path file) throws IOException {
        String tsv = rows.stream().map(r -> String.join("\t", r.cell(), r.system(), plain(r.figure()), r.unit(),
                r.baseline(), plain(r.baselineFigure()), plain(r.ratio()))).collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(file, tsv, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Three significant digits at least, thousands grouped: 1,838 / 618 / 7.1 / 0.14. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    static String ratio(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, value >= 0.1 ? "%.2f" : value >= 0.001 ? "%.4f" : "%.2e", value);
    }

    private static String plain(double value) {
        return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.4f", value);
    }
}
