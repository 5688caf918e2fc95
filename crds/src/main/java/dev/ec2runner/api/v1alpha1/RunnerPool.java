package dev.ec2runner.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Desired capacity for one kind of GitHub Actions runner on EC2. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@ShortNames("rpool")
@AdditionalPrinterColumn(name = "Org/Repo", jsonPath = ".status.scope", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Labels", jsonPath = ".spec.github.labels", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Max", jsonPath = ".spec.scaling.maxRunners", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Runners", jsonPath = ".status.runners", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Idle", jsonPath = ".status.idle", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Busy", jsonPath = ".status.busy", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Pending", jsonPath = ".status.pendingJobs", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class RunnerPool extends CustomResource<RunnerPoolSpec, RunnerPoolStatus> implements Namespaced {
}
