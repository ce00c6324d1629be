package io.factotum.schedule;

/**
 * What a schedule does with ticks found late (no node fired them in time, e.g. while every node was
 * down). When any due tick is late, the due ticks are taken together:
 * <ul>
 *   <li>{@code once}: only the newest due tick fires; the older ones are recorded as skipped;</li>
 *   <li>{@code skip}: the late ticks are recorded as skipped; ticks still on time fire;</li>
 *   <li>{@code catch-up:N}: the newest N due ticks fire, oldest first; older ones are skipped.</li>
 * </ul>
 *
 * @param catchUp how many of the due ticks fire ({@code once} is 1, {@code skip} is 0)
 */
public record MisfirePolicy(int catchUp) {
    /** The upper bound of {@code catch-up:N}: more would flood the queue after a long outage. */
    public static final int MAX_CATCH_UP = 1000;

    public static final MisfirePolicy ONCE = new MisfirePolicy(1);
    public static final MisfirePolicy SKIP = new MisfirePolicy(0);

    public MisfirePolicy {
        if (catchUp < 0 || catchUp > MAX_CATCH_UP) {
            throw new InvalidScheduleException("catch-up count must be between 1 and " + MAX_CATCH_UP + ": " + catchUp);
        }
    }

    /** The API's form: {@code once}, {@code skip} or {@code catch-up:N}. */
    public String apiName() {
        return catchUp == 0 ? "skip" : catchUp == 1 ? "once" : "catch-up:" + catchUp;
    }

    /** Reads {@code once}, {@code skip} or {@code catch-up:N} (1 &le; N &le; {@value #MAX_CATCH_UP}). */
    public static MisfirePolicy parse(String text) {
        if (text.equals("once")) {
            return ONCE;
        }
        if (text.equals("skip")) {
            return SKIP;
        }
        if (text.startsWith("catch-up:")) {
            String count = text.substring("catch-up:".length());
            if (count.matches("[0-9]{1,4}")) {
                int n = Integer.parseInt(count);
                if (n >= 1 && n <= MAX_CATCH_UP) {
                    return new MisfirePolicy(n);
                }
            }
        }
        throw new InvalidScheduleException("field 'misfire' must be once, skip or catch-up:N with N from 1 to "
                + MAX_CATCH_UP + ", not '" + text + "'");
    }
}
