package dev.ec2runner.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A time window during which the pool keeps warm idle runners. */
public class IdleSchedule {

  @JsonPropertyDescription("Start of the window, as a five-field cron expression (minute hour day-of-month month day-of-week), e.g. '0 8 * * 1-5'.")
  @Required
  @Pattern("^\\S+(\\s+\\S+){4}$")
  private String cron;

  @JsonPropertyDescription("IANA time zone of the cron expression, e.g. Europe/Berlin.")
  @Default("UTC")
  @Size(min = 1, max = 64)
  private String timeZone;

  @JsonPropertyDescription("Idle runners to keep during the window.")
  @Required
  @Min(0)
  private Integer count;

  @JsonPropertyDescription("Length of the window, e.g. 9h.")
  @Required
  @Pattern("^([0-9]+(ms|s|m|h))+$")
  private String duration;

  public String getCron() {
    return cron;
  }

  public void setCron(String cron) {
    this.cron = cron;
  }

  public IdleSchedule withCron(String cron) {
    this.cron = cron;
    return this;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public IdleSchedule withTimeZone(String timeZone) {
    this.timeZone = timeZone;
    return this;
  }

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }

  public IdleSchedule withCount(Integer count) {
    this.count = count;
    return this;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public IdleSchedule withDuration(String duration) {
    this.duration = duration;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof IdleSchedule)) {
      return false;
    }
    IdleSchedule that = (IdleSchedule) o;
    return Objects.equals(cron, that.cron)
        && Objects.equals(timeZone, that.timeZone)
        && Objects.equals(count, that.count)
        && Objects.equals(duration, that.duration);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cron, timeZone, count, duration);
  }

  @Override
  public String toString() {
    return "IdleSchedule{" + "cron=" + cron + ", "
        + "timeZone=" + timeZone + ", "
        + "count=" + count + ", "
        + "duration=" + duration + "}";
  }
}
