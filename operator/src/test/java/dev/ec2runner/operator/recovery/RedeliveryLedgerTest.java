package dev.ec2runner.operator.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2runner.operator.github.WebhookDelivery;
import dev.ec2runner.operator.recovery.RedeliveryLedger.Decision;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RedeliveryLedgerTest {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  @Test
  void eachFailedAttemptIsRedeliveredOnceAndAnEventAtMostTheLimit() {
    RedeliveryLedger ledger = new RedeliveryLedger(2, 100);

    assertThat(ledger.decide(attempt(1, "a"))).isEqualTo(Decision.REDELIVER);
    ledger.redelivered(attempt(1, "a"));
    assertThat(ledger.decide(attempt(1, "a"))).isEqualTo(Decision.ALREADY_REDELIVERED);
    assertThat(ledger.decide(attempt(2, "a"))).isEqualTo(Decision.REDELIVER);
    ledger.redelivered(attempt(2, "a"));
    assertThat(ledger.decide(attempt(3, "a"))).isEqualTo(Decision.ABANDON);
    assertThat(ledger.decide(attempt(4, "a"))).isEqualTo(Decision.ABANDONED);
  }

  @Test
  void remembersOnlyTheMostRecentEvents() {
    RedeliveryLedger ledger = new RedeliveryLedger(3, 2);
    for (String guid : new String[] {"a", "b", "c"}) {
      ledger.redelivered(attempt(1, guid));
    }

    assertThat(ledger.size()).isEqualTo(2);
    assertThat(ledger.decide(attempt(1, "a"))).as("forgotten").isEqualTo(Decision.REDELIVER);
    assertThat(ledger.decide(attempt(1, "c"))).isEqualTo(Decision.ALREADY_REDELIVERED);
  }

  private static WebhookDelivery attempt(long id, String guid) {
    return new WebhookDelivery(id, guid, "workflow_job", "queued", T0, 502, id > 1, 1);
  }
}
