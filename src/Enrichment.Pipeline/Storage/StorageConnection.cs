using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// Reads the storage account the way the Functions host does: <c>AzureWebJobsStorage</c> is either a
/// connection string (<c>UseDevelopmentStorage=true</c> locally) or a section of identity-based settings
/// (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c> or
/// <c>__accountName</c>, with <c>__credential=managedidentity</c> and <c>__clientId</c>).
/// </summary>
internal sealed record StorageConnection(string? ConnectionString, Uri? BlobUri, Uri? QueueUri, Uri? TableUri, TokenCredential? Credential)
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public static StorageConnection From(IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageNames.Connection);
        var connectionString = section.Value ?? configuration.GetConnectionString(StorageNames.Connection);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageConnection(connectionString, null, null, null, null);
        }

        var accountName = section["accountName"];
        Uri? ServiceUri(string key, string service) =>
            section[key] is { Length: > 0 } uri ? new Uri(uri)
            : accountName is { Length: > 0 } ? new Uri($"https://{accountName}.{service}.core.windows.net")
            : null;

        var blob = ServiceUri("blobServiceUri", "blob");
        if (blob is null)
        {
            // Nothing configured: the local default, so a fresh clone runs against Azurite.
            return new StorageConnection(DevelopmentStorage, null, null, null, null);
        }

        TokenCredential credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(section["clientId"] ?? ""))
            : new DefaultAzureCredential();
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(section["clientId"]))
        {
            credential = new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        }

        return new StorageConnection(null, blob, ServiceUri("queueServiceUri", "queue"), ServiceUri("tableServiceUri", "table"), credential);
    }
}
