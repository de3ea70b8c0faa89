namespace Enrichment.Pipeline;

/// <summary>The containers, queues and tables the pipeline uses: one list, shared by both hosts and the infra.</summary>
public static class StorageNames
{
    /// <summary>The configuration key (and connection name) of the storage account.</summary>
    public const string Connection = "AzureWebJobsStorage";

    public const string UploadsContainer = "uploads";
    public const string StylesContainer = "styles";

    /// <summary>Record documents too large for a table entity (1 MiB), kept whole beside the row.</summary>
    public const string RecordsContainer = "records";

    public const string EnrichQueue = "enrich";
    public const string FormatQueue = "format";
    public const string EnrichPoisonQueue = "enrich-poison";
    public const string FormatPoisonQueue = "format-poison";

    /// <summary>Where the blob trigger puts blobs it gave up on, in both hosts.</summary>
    public const string BlobTriggerPoisonQueue = "webjobs-blobtrigger-poison";

    public const string RecordsTable = "Records";
    public const string UploadsTable = "Uploads";
    public const string WorksTable = "Works";

    /// <summary>One heartbeat row per live instance: how they share Crossref's limits (<c>InstanceBudget</c>).</summary>
    public const string InstancesTable = "Instances";
}
