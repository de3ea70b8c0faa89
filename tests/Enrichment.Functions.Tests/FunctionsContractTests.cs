using System.Reflection;
using System.Text.Json;
using Enrichment.Functions.Functions;
using Enrichment.Pipeline;
using Enrichment.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Functions.Tests;

/// <summary>What the Functions app promises the host and the infrastructure.</summary>
public sealed class FunctionsContractTests
{
    private static readonly Type[] FunctionClasses = [.. typeof(Ingest).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))];

    public static TheoryData<string> FunctionClassNames() => [.. FunctionClasses.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(FunctionClassNames))]
    public void Every_function_class_is_built_from_the_pipeline_services(string className)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Crossref:Mailto"] = "tests@example.org",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddEnrichmentPipeline(configuration);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var type = FunctionClasses.Single(t => t.Name == className);
        ActivatorUtilities.CreateInstance(provider, type).ShouldNotBeNull();
    }

    [Fact]
    public void Ingest_takes_blob_events_from_Event_Grid_as_Flex_Consumption_requires()
    {
        var parameter = typeof(Ingest).GetMethod(nameof(Ingest.Run))!.GetParameters()
            .Single(p => p.GetCustomAttribute<BlobTriggerAttribute>() is not null);
        var trigger = parameter.GetCustomAttribute<BlobTriggerAttribute>()!;

        trigger.Source.ShouldBe(BlobTriggerSource.EventGrid);
        trigger.BlobPath.ShouldBe("uploads/{name}");
    }

    [Fact]
    public void Queue_triggers_cover_the_stage_queues_and_their_poison_queues()
    {
        var queues = FunctionClasses.SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName)
            .OfType<string>()
            .Order()
            .ToList();

        queues.ShouldBe(["enrich", "enrich-poison", "format", "format-poison", "webjobs-blobtrigger-poison"]);
    }

    public static TheoryData<string> RouteNames() => [.. Pipeline.Api.ApiRoutes.All.Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(RouteNames))]
    public void Every_route_of_the_table_is_a_function_with_its_template_and_method(string routeName)
    {
        var route = Pipeline.Api.ApiRoutes.All.Single(r => r.Name == routeName);
        var function = typeof(Api).GetMethods().Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == route.Name);
        var trigger = function.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().Single();

        trigger.Route.ShouldBe(Pipeline.Api.ApiRoutes.Prefix + route.Template);
        trigger.Methods.ShouldBe([route.Method.ToLowerInvariant()]);
        trigger.AuthLevel.ShouldBe(AuthorizationLevel.Function);
    }

    [Fact]
    public void The_page_is_an_anonymous_GET_at_the_root_and_the_host_adds_no_prefix_of_its_own()
    {
        var function = typeof(Api).GetMethods().Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == "WebPage");
        var trigger = function.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().Single();
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "host.json")));

        trigger.Route.ShouldBe(Pipeline.Web.WebPage.Template);
        trigger.AuthLevel.ShouldBe(AuthorizationLevel.Anonymous);
        trigger.Methods.ShouldBe(["get"]);
        host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString().ShouldBe("");
    }

    [Fact]
    public void Host_json_decodes_queue_messages_as_Base64_the_encoding_the_pipeline_sends()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "host.json")));
        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");

        queues.GetProperty("messageEncoding").GetString().ShouldBe("base64");
        queues.GetProperty("maxDequeueCount").GetInt32().ShouldBeGreaterThan(1);
    }
}

/// <summary>The infrastructure creates what the app binds to: one list of names in code, checked against the Bicep.</summary>
public sealed class InfrastructureAgreementTests
{
    public static TheoryData<string> StorageNamesTheAppUses() =>
    [
        StorageNames.UploadsContainer, StorageNames.StylesContainer, StorageNames.RecordsContainer,
        StorageNames.EnrichQueue, StorageNames.FormatQueue, StorageNames.EnrichPoisonQueue, StorageNames.FormatPoisonQueue,
        StorageNames.BlobTriggerPoisonQueue, StorageNames.RecordsTable, StorageNames.UploadsTable, StorageNames.WorksTable,
    ];

    [Theory]
    [MemberData(nameof(StorageNamesTheAppUses))]
    public void Main_bicep_creates_every_container_queue_and_table_the_app_uses(string name)
    {
        var bicep = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "infra", "main.bicep"));

        bicep.ShouldContain($"'{name}'");
    }
}
