package dev.ec2runner.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Duration strings as Kubernetes users write them ({@code 45s}, {@code 5m}, {@code 1h30m}, {@code 250ms}): the
 * spec's timeouts and the sandbox's scenarios. The CRD schema admits exactly what {@link #parse} accepts.
 */
public final class Durations {

  private static final Pattern WHOLE = Pattern.compile("([0-9]+(ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Durations() {
  }

  /**
   * Parses a duration such as {@code 1h30m} (surrounding blanks, as environment variables may carry, are ignored);
   * fails with a message naming the bad value.
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? null : text.strip();
    if (trimmed == null || !WHOLE.matcher(trimmed).matches()) {
      throw new IllegalArgumentException("invalid duration '" + text + "': use a number with a unit (ms, s, m, h),"
          + " for example 45s, 5m or 1h30m");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(trimmed);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total = total.plus(switch (part.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        });
      }
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("invalid duration '" + text + "': number too large", e);
    }
    return total;
  }

  /** Parses the value, or returns the default when it is null (a field the user left out). */
  public static Duration parseOr(String text, Duration defaultValue) {
    return text == null ? defaultValue : parse(text);
  }

  /** Formats compactly for humans and for status fields: {@code 1h2m}, {@code 14s}, {@code 0s}. */
  public static String format(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (rest > 0 || out.length() == 0) {
      out.append(rest).append('s');
    }
    return out.toString();
  }
}
