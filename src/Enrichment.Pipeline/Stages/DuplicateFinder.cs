using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Records;
using Enrichment.Pipeline.Storage;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// Within one upload, read in file order: the id of the earlier record a record duplicates (same
/// <see cref="DuplicateKey"/>), or null. Holds a 128-bit digest of each key, not the key, so a file of a
/// million records costs tens of megabytes, not its titles again.
/// </summary>
internal sealed class DuplicateFinder
{
    private readonly Dictionary<UInt128, int> _first = [];

    public string? Note(int index, Reference? reference)
    {
        if (reference is null || DuplicateKey.For(reference) is not { } key)
        {
            return null;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), digest);
        var id = BinaryPrimitives.ReadUInt128LittleEndian(digest);
        return _first.TryAdd(id, index) ? null : RecordIds.For(_first[id]);
    }
}
