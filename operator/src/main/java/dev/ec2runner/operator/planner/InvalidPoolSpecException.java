package dev.ec2runner.operator.planner;

/** A RunnerPool spec the planner cannot work with; the message names the field and the fix. */
public class InvalidPoolSpecException extends RuntimeException {

  public InvalidPoolSpecException(String message) {
    super(message);
  }

  public InvalidPoolSpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
