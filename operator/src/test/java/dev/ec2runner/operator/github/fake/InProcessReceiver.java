package dev.ec2runner.operator.github.fake;

/**
 * A webhook receiver inside the test: each event is delivered at once (no HTTP) and recorded in the fake's delivery
 * log with the status the receiver answers, {@code 202} unless it is made to answer otherwise (a receiver that is
 * down, say).
 */
public final class InProcessReceiver implements WebhookOutlet {

  private final SimulatedGitHub github;
  private volatile int status = 202;

  private InProcessReceiver(SimulatedGitHub github) {
    this.github = github;
  }

  /** A receiver that takes the GitHub's webhook events from now on. */
  public static InProcessReceiver attachTo(SimulatedGitHub github) {
    InProcessReceiver receiver = new InProcessReceiver(github);
    github.deliverWebhooksThrough(receiver);
    return receiver;
  }

  /** What the receiver answers from now on, e.g. 502 while it is down. */
  public void answer(int httpStatus) {
    status = httpStatus;
  }

  @Override
  public void send(WebhookEvent event) {
    int answered = status;
    github.deliveries.record(new SimulatedDelivery(github.deliveries.nextId(), event.guid(), event.appId(),
        github.clock.instant(), event.redelivery(), 0, answered >= 200 && answered < 400 ? "OK"
            : "Invalid HTTP Response: " + answered, answered, event.event(), event.action(), event.installationId(),
        event.repositoryId(), event.payload()));
  }

  @Override
  public void reset() {
    status = 202;
  }
}
