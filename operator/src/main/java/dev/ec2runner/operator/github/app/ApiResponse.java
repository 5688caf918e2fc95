package dev.ec2runner.operator.github.app;

import java.net.http.HttpHeaders;
import java.util.Optional;

/** One HTTP answer from GitHub. */
record ApiResponse(int status, HttpHeaders headers, byte[] body) {

  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
