package dev.ec2runner.operator.github.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

  @Test
  void findsNextAmongOtherRelations() {
    String header = "<https://api.github.com/orgs/a/actions/runners?per_page=100&page=1>; rel=\"prev\", "
        + "<https://api.github.com/orgs/a/actions/runners?per_page=100&page=3>; rel=\"next\", "
        + "<https://api.github.com/orgs/a/actions/runners?per_page=100&page=5>; rel=\"last\"";

    assertThat(LinkHeader.next(Optional.of(header)))
        .contains(URI.create("https://api.github.com/orgs/a/actions/runners?per_page=100&page=3"));
  }

  @Test
  void lastPageHasNoNext() {
    assertThat(LinkHeader.next(Optional.of("<https://h/x?page=1>; rel=\"first\", <https://h/x?page=4>; rel=\"prev\"")))
        .isEmpty();
    assertThat(LinkHeader.next(Optional.empty())).isEmpty();
  }

  @Test
  void cursorLinks() {
    assertThat(LinkHeader.next(Optional.of("<https://h/app/hook/deliveries?per_page=2&cursor=v1_9>; rel=\"next\"")))
        .contains(URI.create("https://h/app/hook/deliveries?per_page=2&cursor=v1_9"));
  }
}
