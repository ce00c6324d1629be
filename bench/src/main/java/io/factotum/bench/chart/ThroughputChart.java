package io.factotum.bench.chart;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * Draws a PNG bar chart of throughput per system from a results TSV (the harnesses'
 * {@code $BENCH_RESULTS} format: cell, system, figure, unit, baseline, baseline_figure, ratio): one
 * panel per cell, one bar per system, for the rows in jobs/s whose cell matches a pattern (by default
 * the embedded burst cells). Panels are stacked, each on its own logarithmic
 * scale (the floors are orders of magnitude above the schedulers in the no-op cell). Where a (cell, system)
 * pair occurs more than once, the last row wins.
 *
 * <pre>ThroughputChart results.tsv out.png [cell-regex]</pre>
 */
public final class ThroughputChart {
    private static final String DEFAULT_CELLS = "^embedded burst.*";
    private static final int WIDTH = 1500;
    private static final int PANEL_HEIGHT = 520;

    private ThroughputChart() {
    }

    /** One jobs/s figure of the TSV. */
    record Figure(String cell, String system, double jobsPerSecond) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ThroughputChart results.tsv out.png [cell-regex]");
            System.exit(2);
        }
        Pattern cells = Pattern.compile(args.length > 2 ? args[2] : DEFAULT_CELLS);
        List<Figure> figures = read(Path.of(args[0]), cells);
        if (figures.isEmpty()) {
            System.err.println("no jobs/s rows matching " + cells + " in " + args[0]);
            System.exit(1);
        }
        List<CategoryChart> charts = charts(figures);
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, args[1], BitmapEncoder.BitmapFormat.PNG);
        System.err.println("wrote " + args[1]);
    }

    static List<Figure> read(Path tsv, Pattern cells) throws IOException {
        Map<String, Figure> last = new LinkedHashMap<>();
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length < 4 || !f[3].equals("jobs/s") || !cells.matcher(f[0]).matches()) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(f[2]);
            } catch (NumberFormatException e) {
                continue; // a header line
            }
            if (!Double.isNaN(value) && value > 0) {
                last.put(f[0] + "\t" + f[1], new Figure(f[0], f[1], value));
            }
        }
        return new ArrayList<>(last.values());
    }

    /** One panel per cell, bars per system in the order of the TSV. */
    static List<CategoryChart> charts(List<Figure> figures) {
        Map<String, List<Figure>> byCell = new LinkedHashMap<>();
        for (Figure f : figures) {
            byCell.computeIfAbsent(f.cell(), k -> new ArrayList<>()).add(f);
        }
        List<CategoryChart> charts = new ArrayList<>();
        for (Map.Entry<String, List<Figure>> cell : byCell.entrySet()) {
            CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(PANEL_HEIGHT)
                    .title(cell.getKey().replace("`", "") + " (jobs/s, log scale, median of interleaved rounds)")
                    .xAxisTitle("").yAxisTitle("jobs/s").build();
            CategoryStyler styler = chart.getStyler();
            styler.setLegendVisible(false);
            // The floors are orders of magnitude above the schedulers in the no-op cell.
            styler.setYAxisLogarithmic(true);
            double lowest = cell.getValue().stream().mapToDouble(Figure::jobsPerSecond).min().orElse(1);
            double highest = cell.getValue().stream().mapToDouble(Figure::jobsPerSecond).max().orElse(10);
            styler.setYAxisMin(Math.pow(10, Math.floor(Math.log10(lowest)))); // bars start at 0 otherwise
            styler.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(highest * 1.01))));
            styler.setXAxisLabelRotation(12);
            styler.setLabelsVisible(true);
            styler.setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            styler.setYAxisDecimalPattern("#,##0");
            styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            styler.setChartBackgroundColor(Color.WHITE);
            styler.setPlotGridVerticalLinesVisible(false);
            styler.setSeriesColors(new Color[] {new Color(0x3B6EA5)});
            chart.addSeries(cell.getKey(), cell.getValue().stream().map(f -> shortLabel(f.system())).toList(),
                    cell.getValue().stream().map(Figure::jobsPerSecond).toList());
            charts.add(chart);
        }
        return charts;
    }

    /** A system's name short enough for an axis label: markdown backticks dropped, long names cut. */
    static String shortLabel(String system) {
        String plain = system.replace("`", "");
        return plain.length() <= 48 ? plain : plain.substring(0, 46) + "…";
    }
}
