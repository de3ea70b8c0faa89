#!/usr/bin/env python3
"""Checks the compiled ARM template (bicep build infra/main.bicep) and the infra sources against the
deployment policy: identity instead of secrets, locked-down storage, the names the app binds to,
exactly the data roles it needs, and the outputs azd and the postdeploy hook use.

Usage: check_policy.py <compiled main.json> <repo root>
Prints one line per check and a closing 'policy: N passed, N failed' line; exits 1 on any failure.
"""
import json
import pathlib
import re
import sys

STORAGE_BLOB_DATA_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"
STORAGE_QUEUE_DATA_CONTRIBUTOR = "974c5e8b-45b9-4653-ba55-5f855dd0fb88"
STORAGE_TABLE_DATA_CONTRIBUTOR = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"
MONITORING_METRICS_PUBLISHER = "3913510d-42f4-4e42-8a64-420c390055eb"
GUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)

results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f"  ({detail})"))


def as_list(resources):
    return list(resources.values()) if isinstance(resources, dict) else list(resources or [])


def walk(template, path=()):
    """Yields (path, resource) for every resource, descending into nested deployments."""
    for resource in as_list(template.get("resources")):
        yield path, resource
        props = resource.get("properties")
        inner = props.get("template") if isinstance(props, dict) else None
        if resource.get("type") == "Microsoft.Resources/deployments" and inner:
            yield from walk(inner, path + (resource.get("name"),))


def deployment(template, name):
    for _, resource in walk(template):
        if resource.get("type") == "Microsoft.Resources/deployments" and resource.get("name") == name:
            return resource
    raise KeyError(f"no nested deployment named {name!r}")


def of_type(template, resource_type):
    """Resources the template creates (references to existing ones left out)."""
    return [r for _, r in walk(template)
            if r.get("type", "").lower() == resource_type.lower() and not r.get("existing")]


def main():
    compiled_path, root = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    template = json.loads(compiled_path.read_text())
    compiled = compiled_path.read_text()
    infra = root / "infra"
    sources = {p: p.read_text() for p in sorted(infra.rglob("*.bicep"))}
    all_source = "\n".join(sources.values())

    # No secrets anywhere: no key listing, no account keys, no storage connection strings, no SAS.
    for needle in ["listKeys", "listkeys", "AccountKey", "DefaultEndpointsProtocol", "SharedAccessSignature",
                   "listAccountSas", "listServiceSas", "primaryKey", "InstrumentationKey="]:
        check(f"no '{needle}' in the Bicep or the compiled template",
              needle not in all_source and needle not in compiled)
    connection_strings = set(re.findall(r"\w*CONNECTION_STRING\w*|\w*ConnectionString\w*", all_source))
    check("the only connection string is Application Insights' (an endpoint; local auth is off)",
          connection_strings <= {"APPLICATIONINSIGHTS_CONNECTION_STRING", "applicationInsightsConnectionString",
                                 "ConnectionString"},
          sorted(connection_strings))
    check("no registry or template-spec modules", not re.search(r"'(br|ts)[:/]", all_source))
    check("target scope is the subscription (azd creates the resource group)",
          "subscriptionDeploymentTemplate" in template["$schema"])

    # Storage: Entra ID only.
    accounts = of_type(template, "Microsoft.Storage/storageAccounts")
    check("one storage account is created", len(accounts) == 1, len(accounts))
    props = accounts[0]["properties"] if accounts else {}
    check("shared key access is disabled", props.get("allowSharedKeyAccess") is False, props.get("allowSharedKeyAccess"))
    check("minimum TLS is 1.2", props.get("minimumTlsVersion") == "TLS1_2", props.get("minimumTlsVersion"))
    check("anonymous blob access is off", props.get("allowBlobPublicAccess") is False)
    check("HTTPS only", props.get("supportsHttpsTrafficOnly") is True)
    check("the portal defaults to Entra ID", props.get("defaultToOAuthAuthentication") is True)

    # The names the app binds to.
    variables = template["variables"]
    resolved = [variables["uploadsContainer"] if c == "[variables('uploadsContainer')]" else c
                for c in variables["blobContainers"]]
    check("containers uploads, styles, exports, records", sorted(resolved) == ["exports", "records", "styles", "uploads"], resolved)
    check("queues enrich, format and their poison queues",
          sorted(variables["queues"]) == ["enrich", "enrich-poison", "format", "format-poison", "webjobs-blobtrigger-poison"], variables["queues"])
    check("tables Records, Uploads, Works, Instances", sorted(variables["tables"]) == ["Instances", "Records", "Uploads", "Works"],
          variables["tables"])
    storage_params = deployment(template, "storage")["properties"]["parameters"]
    check("the deployment package container is created too",
          "variables('deploymentContainer')" in json.dumps(storage_params["containers"]))
    token_len, app_prefix = 13, len("func-enrich-")
    check("the deployment container name fits in 63 characters",
          len("app-package-") + min(32, app_prefix + token_len) + 1 + 7 <= 63)

    # Monitoring: AAD-only ingestion.
    components = of_type(template, "Microsoft.Insights/components")
    check("one Application Insights component", len(components) == 1)
    check("Application Insights local auth is off",
          components and components[0]["properties"].get("DisableLocalAuth") is True)
    check("Application Insights sits on a Log Analytics workspace",
          components and "Microsoft.OperationalInsights/workspaces" in components[0]["properties"].get("WorkspaceResourceId", ""))

    # Function app on Flex Consumption.
    plans = of_type(template, "Microsoft.Web/serverfarms")
    check("the plan is Flex Consumption FC1",
          plans and plans[0]["sku"] == {"name": "FC1", "tier": "FlexConsumption"}, plans and plans[0].get("sku"))
    sites = of_type(template, "Microsoft.Web/sites")
    check("one function app", len(sites) == 1)
    site = sites[0] if sites else {"properties": {}}
    check("the function app is Linux", site.get("kind") == "functionapp,linux", site.get("kind"))
    check("the function app runs as a user-assigned identity only",
          site.get("identity", {}).get("type") == "UserAssigned")
    check("HTTPS only on the app", site["properties"].get("httpsOnly") is True)
    config = site["properties"].get("functionAppConfig", {})
    check("the package is read with the user-assigned identity",
          config.get("deployment", {}).get("storage", {}).get("authentication", {}).get("type") == "UserAssignedIdentity")
    flex = deployment(template, "api-flex-function-app")["properties"]["parameters"]
    check("runtime dotnet-isolated", flex["runtimeName"]["value"] == "dotnet-isolated", flex["runtimeName"])
    check("runtime version 10.0", flex["runtimeVersion"]["value"] == "10.0", flex["runtimeVersion"])
    app_settings = flex["appSettings"]["value"]
    for name in ["Crossref__Mailto", "Crossref__BaseUrl", "Enrichment__Styles"]:
        check(f"app setting {name}", name in app_settings, sorted(app_settings))
    check("Crossref__Mailto comes from the required parameter",
          app_settings.get("Crossref__Mailto") == "[parameters('crossrefMailto')]")
    flex_template = deployment(template, "api-flex-function-app")["properties"]["template"]
    platform = flex_template["variables"]["platformSettings"]
    for name, expected in [("AzureWebJobsStorage__credential", "managedidentity"),
                           ("AzureWebJobsStorage__clientId", None),
                           ("AzureWebJobsStorage__blobServiceUri", None),
                           ("AzureWebJobsStorage__queueServiceUri", None),
                           ("AzureWebJobsStorage__tableServiceUri", None),
                           ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", None)]:
        check(f"platform setting {name}", name in platform and (expected is None or platform[name] == expected),
              platform.get(name))
    check("App Insights authenticates with the identity (AAD)",
          "Authorization=AAD;ClientId=" in platform.get("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", ""))
    check("no plain AzureWebJobsStorage (a connection string) setting",
          "AzureWebJobsStorage" not in platform and "AzureWebJobsStorage" not in app_settings)
    check("FUNCTIONS_WORKER_RUNTIME is not set (Flex takes it from functionAppConfig)",
          "FUNCTIONS_WORKER_RUNTIME" not in compiled and "FUNCTIONS_EXTENSION_VERSION" not in compiled)
    policies = {r["name"]: r["properties"]["allow"] for r in
                of_type(template, "Microsoft.Web/sites/basicPublishingCredentialsPolicies")}
    check("publishing with passwords (scm, ftp) is off", policies and not any(policies.values()), policies)

    # Roles: exactly the data roles, nothing broad.
    rbac = deployment(template, "rbac")["properties"]["template"]
    granted = set(GUID.findall(json.dumps(rbac["variables"])))
    check("roles granted are exactly blob owner, queue and table contributor, metrics publisher",
          granted == {STORAGE_BLOB_DATA_OWNER, STORAGE_QUEUE_DATA_CONTRIBUTOR, STORAGE_TABLE_DATA_CONTRIBUTOR,
                      MONITORING_METRICS_PUBLISHER}, sorted(granted))
    check("no role id appears outside the rbac module",
          set(GUID.findall(all_source)) <= granted, sorted(set(GUID.findall(all_source)) - granted))
    assignments = of_type(template, "Microsoft.Authorization/roleAssignments")
    check("role assignments are scoped to a resource, not the group or subscription",
          assignments and all("scope" in a for a in assignments))
    check("the deploying user gets roles only when principalId is given",
          deployment(template, "rbac-user").get("condition") == "[not(empty(parameters('userPrincipalId')))]")

    # Event Grid.
    topics = of_type(template, "Microsoft.EventGrid/systemTopics")
    check("an Event Grid system topic on the storage account",
          topics and topics[0]["properties"]["topicType"] == "Microsoft.Storage.StorageAccounts")

    # azd: parameters and outputs.
    parameters = json.loads((infra / "main.parameters.json").read_text())["parameters"]
    declared = template["parameters"]
    check("main.parameters.json names only parameters main.bicep declares",
          set(parameters) <= set(declared), sorted(set(parameters) - set(declared)))
    required = {n for n, p in declared.items() if "defaultValue" not in p}
    check("every required parameter is supplied by main.parameters.json",
          required <= set(parameters), sorted(required - set(parameters)))
    for name, variable in [("environmentName", "AZURE_ENV_NAME"), ("location", "AZURE_LOCATION"),
                           ("principalId", "AZURE_PRINCIPAL_ID"), ("crossrefMailto", "CROSSREF_MAILTO")]:
        check(f"{name} comes from ${{{variable}}}",
              parameters.get(name, {}).get("value") == f"${{{variable}}}", parameters.get(name))
    outputs = set(template["outputs"])
    needed = {"AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_FUNCTION_APP_NAME", "SERVICE_API_NAME",
              "AZURE_STORAGE_ACCOUNT_NAME", "RESOURCE_GROUP"}
    check("outputs azd and the docs use", needed <= outputs, sorted(needed - outputs))
    for hook in ["postdeploy.sh", "postdeploy.ps1"]:
        text = (infra / "hooks" / hook).read_text()
        used = set(re.findall(r"require (\w+)", text)) | set(re.findall(r"Get-Setting '(\w+)'\s*$", text, re.M))
        check(f"every variable {hook} requires is a Bicep output", used and used <= outputs, sorted(used - outputs))

    # azure.yaml (plain text checks: no YAML parser in the standard library).
    azure_yaml = (root / "azure.yaml").read_text()
    check("azure.yaml names the project enrichment", re.search(r"^name: enrichment$", azure_yaml, re.M))
    service = re.search(r"^  api:\n((?:    .*\n)+)", azure_yaml, re.M)
    body = service.group(1) if service else ""
    check("azure.yaml service api is the dotnet function project",
          "project: ./src/Enrichment.Functions" in body and "language: dotnet" in body and "host: function" in body,
          body)
    for script in re.findall(r"run: \./(\S+)", azure_yaml):
        check(f"hook script {script} exists", (root / script).is_file())

    passed = sum(results)
    print(f"policy: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
