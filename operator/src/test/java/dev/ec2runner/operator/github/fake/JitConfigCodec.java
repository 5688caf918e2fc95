package dev.ec2runner.operator.github.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The simulated encoded JIT configuration: base64 JSON naming the runner plus a random nonce, so a configuration
 * identifies exactly one registration and cannot be forged from a runner id.
 */
public final class JitConfigCodec {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private JitConfigCodec() {
  }

  public static String encode(long runnerId, String runnerName) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    try {
      byte[] json = JSON.writeValueAsBytes(Map.of("runner_id", runnerId, "runner_name", runnerName,
          "nonce", HexFormat.of().formatHex(nonce)));
      return Base64.getEncoder().encodeToString(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The runner id a configuration names. */
  public static long runnerId(String encoded) {
    try {
      JsonNode json = JSON.readTree(new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8));
      if (json == null || !json.path("runner_id").canConvertToLong()) {
        throw new IllegalArgumentException("not a JIT configuration issued by the simulated GitHub");
      }
      return json.path("runner_id").asLong();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a JIT configuration issued by the simulated GitHub", e);
    }
  }
}
