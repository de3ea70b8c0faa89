using Enrichment.Testing;

namespace Enrichment.Pipeline.Tests;

/// <summary>One Azurite for every test class in this assembly that joins the collection (xUnit wants the definition here).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
