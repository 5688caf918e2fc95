package dev.ec2runner.operator.planner;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in specs and environment variables: {@code 45s}, {@code 5m}, {@code 1h30m}, {@code 250ms}. */
public final class DurationText {

  private static final Pattern WHOLE = Pattern.compile("^([0-9]+(ms|s|m|h))+$");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private DurationText() {
  }

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming the text and the accepted form
   */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text.trim()).matches()) {
      throw new IllegalArgumentException("invalid duration '" + text
          + "': use numbers with the units ms, s, m or h, e.g. 45s, 5m or 1h30m");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text.trim());
    while (part.find()) {
      long amount;
      try {
        amount = Long.parseLong(part.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid duration '" + text + "': number too large", e);
      }
      total = total.plus(switch (part.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      });
    }
    return total;
  }

  /** Parses a duration, or returns the fallback when the text is null (an unset optional field). */
  public static Duration parseOr(String text, Duration fallback) {
    return text == null ? fallback : parse(text);
  }

  /** Formats a duration the way {@link #parse} reads it, largest units first: {@code 1h30m}, {@code 45s}, {@code 0s}. */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    int millis = duration.toMillisPart();
    StringBuilder text = new StringBuilder();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (seconds > 0) {
      text.append(seconds).append('s');
    }
    if (millis > 0) {
      text.append(millis).append("ms");
    }
    return text.length() == 0 ? "0s" : text.toString();
  }
}
