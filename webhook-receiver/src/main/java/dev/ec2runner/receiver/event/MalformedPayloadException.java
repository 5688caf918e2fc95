package dev.ec2runner.receiver.event;

/** A payload that is not JSON or lacks a field a job event needs; the message is a short reason fit for the sender. */
public final class MalformedPayloadException extends Exception {

  public MalformedPayloadException(String reason) {
    super(reason, null, false, false);
  }
}
