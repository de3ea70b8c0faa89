using Azure.Data.Tables;
using Enrichment.Pipeline.Budget;
using Enrichment.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enrichment.Pipeline.Tests.Budget;

/// <summary>The shared start schedule on Azurite: instances racing for slots never get the same one.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableSharedSlotsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _tableName = "Slots" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync() => await new TableClient(azurite.ConnectionString, _tableName).CreateIfNotExistsAsync();

    public async Task DisposeAsync() => await new TableServiceClient(azurite.ConnectionString).DeleteTableAsync(_tableName);

    private TableSharedSlots Instance() => new(new TableClient(azurite.ConnectionString, _tableName), NullLogger<TableSharedSlots>.Instance);

    [Fact]
    public async Task Three_instances_racing_for_slots_get_distinct_slots_one_spacing_apart()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => Instance()).ToList();
        var earliest = DateTimeOffset.UtcNow;
        var spacing = TimeSpan.FromMilliseconds(100);

        // Four reservations per instance at once (more than the concurrency gate lets race), all wanting "now": the
        // ETag on the row must serialise them.
        var slots = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => instances[i % 3].ReserveAsync("crossref-works", earliest, spacing, informed: true, CancellationToken.None).AsTask()));

        slots.ShouldAllBe(slot => slot != null);
        var ordered = slots.Select(s => s!.Value).Order().ToList();
        ordered.Zip(ordered.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap == spacing);
        ordered[0].ShouldBe(earliest);
    }

    [Fact]
    public async Task A_caller_with_no_answer_yet_keeps_the_spacing_informed_callers_use_and_holds_three_of_its_own()
    {
        var slots = Instance();
        var earliest = DateTimeOffset.UtcNow;
        await slots.ReserveAsync("crossref-works", earliest, TimeSpan.FromMilliseconds(200), informed: true, CancellationToken.None);

        // Uninformed at the default 100 ms: its slot is 200 ms after the informed one, and it holds the next 300 ms away.
        var uninformed = await slots.ReserveAsync("crossref-works", earliest, TimeSpan.FromMilliseconds(100), informed: false, CancellationToken.None);
        var next = await slots.ReserveAsync("crossref-works", earliest, TimeSpan.FromMilliseconds(200), informed: true, CancellationToken.None);

        (uninformed!.Value - earliest).ShouldBe(TimeSpan.FromMilliseconds(200));
        (next!.Value - uninformed.Value).ShouldBe(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task An_unreachable_schedule_answers_null_so_the_caller_paces_by_its_share()
    {
        var unreachable = new TableSharedSlots(
            new TableClient(new Uri("http://127.0.0.1:9/devstoreaccount1"), _tableName, new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])), new TableClientOptions { Retry = { MaxRetries = 0 } }),
            NullLogger<TableSharedSlots>.Instance);

        (await unreachable.ReserveAsync("crossref-works", DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(100), informed: true, CancellationToken.None)).ShouldBeNull();
    }
}
