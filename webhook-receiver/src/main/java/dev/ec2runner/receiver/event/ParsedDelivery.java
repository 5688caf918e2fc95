package dev.ec2runner.receiver.event;

/** The outcome of reading a job event's payload: a job to record, or a well-formed delivery that asks for nothing. */
public sealed interface ParsedDelivery {

  /** The payload's action, for metrics and logs. */
  String action();

  /** A delivery that reports a job's state. */
  record Job(String action, JobEvent event) implements ParsedDelivery {
  }

  /** A well-formed delivery that carries no job state we act on, with the reason. */
  record Ignored(String action, String reason) implements ParsedDelivery {
  }
}
