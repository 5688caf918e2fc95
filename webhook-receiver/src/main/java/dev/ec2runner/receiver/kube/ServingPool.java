package dev.ec2runner.receiver.kube;

/** The RunnerPool chosen to serve a job; its namespace is where the job's WorkflowJob is written. */
public record ServingPool(String namespace, String name) {
}
