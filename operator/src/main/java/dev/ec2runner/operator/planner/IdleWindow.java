package dev.ec2runner.operator.planner;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.ec2runner.api.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A recurring window with a higher idle target: it opens at each time a five-field cron expression names, in an
 * IANA time zone, and stays open for a fixed duration. Local start times follow daylight saving time; a start that
 * falls into a spring-forward gap does not happen that day.
 */
public final class IdleWindow {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String cron;
  private final ExecutionTime starts;
  private final ZoneId zone;
  private final int count;
  private final Duration duration;

  private IdleWindow(String cron, ExecutionTime starts, ZoneId zone, int count, Duration duration) {
    this.cron = cron;
    this.starts = starts;
    this.zone = zone;
    this.count = count;
    this.duration = duration;
  }

  /**
   * A window from its spec fields.
   *
   * @throws IllegalArgumentException with a message that says what is wrong with which value
   */
  public static IdleWindow of(String cron, String timeZone, int count, Duration duration) {
    ExecutionTime starts;
    try {
      var parsed = PARSER.parse(cron);
      parsed.validate();
      starts = ExecutionTime.forCron(parsed);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid cron expression '" + cron + "': " + e.getMessage()
          + " (expected five fields: minute hour day-of-month month day-of-week)", e);
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone == null ? "UTC" : timeZone);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown time zone '" + timeZone + "' (use an IANA name such as Europe/Berlin)", e);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    return new IdleWindow(cron, starts, zone, count, duration);
  }

  public int count() {
    return count;
  }

  /** Whether the window is open at the instant. */
  public boolean isOpen(Instant now) {
    return lastStart(now).map(start -> start.plus(duration).isAfter(now)).orElse(false);
  }

  /** The next instant after {@code now} at which the window opens or closes. */
  public Optional<Instant> nextChange(Instant now) {
    Optional<Instant> close = lastStart(now).map(start -> start.plus(duration)).filter(end -> end.isAfter(now));
    Optional<Instant> open = starts.nextExecution(now.atZone(zone)).map(ZonedDateTime::toInstant);
    if (close.isPresent() && open.isPresent()) {
      return Optional.of(close.get().isBefore(open.get()) ? close.get() : open.get());
    }
    return close.isPresent() ? close : open;
  }

  /** The latest start at or before {@code now}. */
  private Optional<Instant> lastStart(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    ZonedDateTime minute = local.truncatedTo(ChronoUnit.MINUTES);
    if (starts.isMatch(minute)) {
      return Optional.of(minute.toInstant());
    }
    return starts.lastExecution(local).map(ZonedDateTime::toInstant);
  }

  @Override
  public String toString() {
    return "IdleWindow{cron='" + cron + "', zone=" + zone + ", count=" + count + ", duration="
        + Durations.format(duration) + "}";
  }
}
