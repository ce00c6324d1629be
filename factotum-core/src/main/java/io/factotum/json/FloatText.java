package io.factotum.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Shortest round-trip decimal forms of doubles, formatted as Rust's Display and as dtoa print them. */
final class FloatText {
    private FloatText() {
    }

    /** The shortest decimal that parses back to {@code d} (finite, non-zero), without trailing zeros. */
    static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** rustc-serialize's {@code fmt_number_or_null}: Rust Display (never an exponent), ".0" added if integral. */
    static String rustc(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        String s;
        if (d == 0) {
            s = (1 / d < 0) ? "-0" : "0";
        } else {
            s = shortest(d).toPlainString();
        }
        return s.contains(".") ? s : s + ".0";
    }

    /** serde_json 0.9's float output (the dtoa crate, a port of RapidJSON's Grisu2 + Prettify). */
    static String dtoa(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        StringBuilder out = new StringBuilder();
        if (d < 0) {
            out.append('-');
            d = -d;
        }
        BigDecimal v = shortest(d);
        String digits = v.unscaledValue().toString();
        int n = digits.length();
        int k = -v.scale();
        int kk = n + k;
        if (k >= 0 && kk <= 21) {
            out.append(digits).append("0".repeat(k)).append(".0");
        } else if (kk > 0 && kk <= 21) {
            out.append(digits, 0, kk).append('.').append(digits, kk, n);
        } else if (kk > -6 && kk <= 0) {
            out.append("0.").append("0".repeat(-kk)).append(digits);
        } else if (n == 1) {
            out.append(digits).append('e').append(kk - 1);
        } else {
            out.append(digits.charAt(0)).append('.').append(digits, 1, n).append('e').append(kk - 1);
        }
        return out.toString();
    }
}
