package dev.ec2runner.operator.github.app;

/** How one GitHub API call ended, coarse enough to be a metric label. */
public enum CallOutcome {
  SUCCESS, NOT_MODIFIED, NOT_FOUND, CONFLICT, UNPROCESSABLE, THROTTLED, UNAUTHORIZED, CLIENT_ERROR, SERVER_ERROR,
  NETWORK_ERROR;

  static CallOutcome of(int status, boolean throttled) {
    if (throttled) {
      return THROTTLED;
    }
    if (status == 304) {
      return NOT_MODIFIED;
    }
    if (status >= 200 && status < 400) {
      return SUCCESS;
    }
    return switch (status) {
      case 401, 403 -> UNAUTHORIZED;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 422 -> UNPROCESSABLE;
      default -> status >= 500 ? SERVER_ERROR : CLIENT_ERROR;
    };
  }
}
