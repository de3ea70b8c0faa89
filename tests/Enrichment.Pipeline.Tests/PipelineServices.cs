using Azure.Storage.Queues;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Pipeline.Tests;

/// <summary>The pipeline as both hosts register it (<c>AddEnrichmentPipeline</c>), on Azurite, with no host around it.</summary>
internal static class PipelineServices
{
    /// <summary>
    /// The services over <paramref name="connectionString"/>, Crossref, DataCite and doi.org pointed at a closed port unless
    /// <paramref name="settings"/> says otherwise; with <paramref name="initialize"/>, the containers, queues and tables created.
    /// </summary>
    public static async Task<ServiceProvider> StartAsync(string connectionString, bool initialize = true, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            [StorageNames.Connection] = connectionString,
            ["Crossref:BaseUrl"] = "http://127.0.0.1:9/",
            ["Crossref:Mailto"] = "tests@example.org",
            ["DataCite:BaseUrl"] = "http://127.0.0.1:9/",
            ["DoiResolver:BaseUrl"] = "http://127.0.0.1:9/",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddEnrichmentPipeline(configuration).BuildServiceProvider();
        if (initialize)
        {
            await provider.GetRequiredService<StorageInitializer>().EnsureAsync();
        }

        return provider;
    }

    /// <summary>Takes one upload's messages off a queue, leaving other tests' messages for them.</summary>
    public static async Task<List<RecordRun>> DrainAsync(string connectionString, string queueName, string uploadId)
    {
        var queue = new QueueClient(connectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var ours = new List<RecordRun>();
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1))).Value is { Length: > 0 } batch)
        {
            foreach (var message in batch)
            {
                var run = MessageJson.Deserialize(message.Body.ToString());
                if (run.UploadId == uploadId)
                {
                    ours.Add(run);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }

        return ours;
    }
}
