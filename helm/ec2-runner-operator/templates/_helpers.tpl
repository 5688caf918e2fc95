{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "ec2runner.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name; the release name alone when it already contains the chart name. */}}
{{- define "ec2runner.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ec2runner.operatorName" -}}
{{- include "ec2runner.fullname" . }}
{{- end }}

{{- define "ec2runner.receiverName" -}}
{{- printf "%s-receiver" (include "ec2runner.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ec2runner.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "ec2runner.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ec2-runner-operator
{{- end }}

{{/* Selector labels of one component; call with (dict "root" $ "component" "operator"). */}}
{{- define "ec2runner.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ec2runner.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "ec2runner.componentLabels" -}}
{{ include "ec2runner.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "ec2runner.operatorServiceAccountName" -}}
{{- if .Values.operator.serviceAccount.create }}
{{- default (include "ec2runner.operatorName" .) .Values.operator.serviceAccount.name }}
{{- else }}
{{- required "operator.serviceAccount.name must name an existing ServiceAccount when operator.serviceAccount.create is false" .Values.operator.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ec2runner.receiverServiceAccountName" -}}
{{- if .Values.receiver.serviceAccount.create }}
{{- default (include "ec2runner.receiverName" .) .Values.receiver.serviceAccount.name }}
{{- else }}
{{- required "receiver.serviceAccount.name must name an existing ServiceAccount when receiver.serviceAccount.create is false" .Values.receiver.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag or repository@digest; call with (dict "root" $ "image" .Values.operator.image). */}}
{{- define "ec2runner.image" -}}
{{- if .image.digest }}
{{- printf "%s@%s" .image.repository .image.digest }}
{{- else }}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}
{{- end }}

{{- define "ec2runner.githubAppSecretName" -}}
{{- default (printf "%s-github-app" (include "ec2runner.fullname" .)) .Values.githubApp.existingSecret }}
{{- end }}

{{- define "ec2runner.installationConfigMapName" -}}
{{- printf "%s-installation" (include "ec2runner.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ec2runner.webhookSecretName" -}}
{{- default (printf "%s-webhook" (include "ec2runner.fullname" .)) .Values.webhook.existingSecret }}
{{- end }}

{{- define "ec2runner.webhookSecretKey" -}}
{{- if .Values.webhook.existingSecret }}{{ .Values.webhook.existingSecretKey }}{{ else }}webhook-secret{{ end }}
{{- end }}

{{/* An App or installation id as digits, whether values gave a string or a number. */}}
{{- define "ec2runner.numericId" -}}
{{- if kindIs "string" . }}{{ . }}{{ else }}{{ int64 . }}{{ end }}
{{- end }}

{{/* Namespaces the watched-namespace Roles go to; empty means ClusterRoles. */}}
{{- define "ec2runner.clusterWide" -}}
{{- if empty .Values.watchNamespaces }}true{{ end }}
{{- end }}

{{/* The restricted pod security context shared by both Deployments; the images run as this numeric user. */}}
{{- define "ec2runner.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "ec2runner.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Combinations the schema cannot express; each fails the render with the fix. */}}
{{- define "ec2runner.validate" -}}
{{- if and .Values.githubApp.existingSecret (or .Values.githubApp.appId .Values.githubApp.installationId .Values.githubApp.privateKey) }}
{{- fail "set either githubApp.existingSecret or githubApp.appId/installationId/privateKey, not both" }}
{{- end }}
{{- if and (or .Values.githubApp.appId .Values.githubApp.installationId .Values.githubApp.privateKey) (not (and .Values.githubApp.appId .Values.githubApp.installationId .Values.githubApp.privateKey)) }}
{{- fail "githubApp.appId, githubApp.installationId and githubApp.privateKey must be set together (use --set-file githubApp.privateKey=app.pem)" }}
{{- end }}
{{- if and .Values.webhook.existingSecret .Values.webhook.secret }}
{{- fail "set either webhook.existingSecret or webhook.secret, not both" }}
{{- end }}
{{- if and .Values.receiver.ingress.enabled (not .Values.receiver.ingress.host) }}
{{- fail "receiver.ingress.host is required when receiver.ingress.enabled is true: it is the host GitHub delivers webhooks to" }}
{{- end }}
{{- if and (gt (int .Values.operator.replicaCount) 1) (not .Values.operator.leaderElection) }}
{{- fail "operator.leaderElection must stay true with more than one operator replica, or two operators would launch instances for the same pools" }}
{{- end }}
{{- end }}

{{/* What the operator may do in each namespace it watches. */}}
{{- define "ec2runner.operatorRules" -}}
- apiGroups: ["ec2runner.dev"]
  resources: ["runnerpools"]
  verbs: ["get", "list", "watch", "patch", "update"]
# The pool controller creates and deletes Runners; the Runner controller holds a finalizer on each.
- apiGroups: ["ec2runner.dev"]
  resources: ["runners"]
  verbs: ["get", "list", "watch", "create", "delete", "patch", "update"]
# The receiver creates WorkflowJobs; the operator matches them to pools and deletes completed ones after their TTL.
- apiGroups: ["ec2runner.dev"]
  resources: ["workflowjobs"]
  verbs: ["get", "list", "watch", "delete", "patch", "update"]
- apiGroups: ["ec2runner.dev"]
  resources: ["runnerpools/status", "runners/status", "workflowjobs/status"]
  verbs: ["get", "patch", "update"]
# Kubernetes Events (core/v1) on pools and Runners.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# The GitHub App credentials each RunnerPool names in spec.github.appSecretRef, read by name: no list or watch.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
  {{- with .Values.rbac.secretNames }}
  resourceNames:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{/* The receiver reads pools to drop jobs that no pool serves. */}}
{{- define "ec2runner.receiverPoolRules" -}}
- apiGroups: ["ec2runner.dev"]
  resources: ["runnerpools"]
  verbs: ["get", "list", "watch"]
{{- end }}

{{/*
  The receiver creates a WorkflowJob per queued job and patches it as GitHub reports progress; it lists them (one
  item at a time) to count a namespace's jobs against --max-jobs-per-namespace.
*/}}
{{- define "ec2runner.receiverJobRules" -}}
- apiGroups: ["ec2runner.dev"]
  resources: ["workflowjobs"]
  verbs: ["create", "get", "list", "patch", "update"]
{{- end }}

{{/* --namespace=X for one watched namespace, else --all-namespaces (jobs go to their pool's namespace). */}}
{{- /* The receiver reads the pools of exactly the namespaces the operator watches. */}}
{{- define "ec2runner.receiverScopeFlag" -}}
{{- if .Values.watchNamespaces }}--namespace={{ join "," .Values.watchNamespaces }}{{ else }}--all-namespaces{{ end }}
{{- end }}

{{- /* allowedScopes as ALLOWED_SCOPES takes it: namespace=scope,scope;namespace=scope (sorted by namespace). */}}
{{- define "ec2runner.allowedScopes" -}}
{{- $parts := list }}
{{- range $namespace, $scopes := .Values.allowedScopes }}
{{- $parts = append $parts (printf "%s=%s" $namespace (join "," $scopes)) }}
{{- end }}
{{- join ";" $parts }}
{{- end }}
