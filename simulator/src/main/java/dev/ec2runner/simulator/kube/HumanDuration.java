package dev.ec2runner.simulator.kube;

import java.time.Duration;

/**
 * Ages as the API server writes them into {@code date} table cells ({@code 45s}, {@code 3m20s}, {@code 5h10m},
 * {@code 2d3h}), the same rounding as apimachinery's {@code duration.HumanDuration}.
 */
final class HumanDuration {

  private HumanDuration() {
  }

  static String format(Duration d) {
    long seconds = d.toMillis() / 1000;
    // Up to two seconds in the future counts as now: clocks of client and server differ a little.
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
