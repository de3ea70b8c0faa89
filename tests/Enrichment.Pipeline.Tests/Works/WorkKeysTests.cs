using System.Text;
using Azure.Data.Tables;
using Enrichment.Pipeline.Works;
using Enrichment.Core.Identifiers;

namespace Enrichment.Pipeline.Tests.Works;

public sealed class WorkKeysTests
{
    [Theory]
    [InlineData("10.1002/ece3.2314", "10.1002", "ece3.2314")]
    [InlineData("10.1/a/b", "10.1", "a~2Fb")]
    [InlineData("10.1/a\\b#c?d", "10.1", "a~5Cb~23c~3Fd")]
    [InlineData("10.1/50%'off", "10.1", "50~25~27off")]
    [InlineData("10.1/x~y", "10.1", "x~7Ey")]
    [InlineData("10.1002/(sici)1097<469::aid>3.0.co;2-h", "10.1002", "(sici)1097~3C469::aid~3E3.0.co;2-h")]
    [InlineData("10.1000/caf\u00e9", "10.1000", "caf~C3~A9")]
    public void Encodes_any_DOI_into_legal_table_keys(string text, string partition, string row)
    {
        var keys = WorkKeys.For(Doi.Parse(text));

        keys.PartitionKey.ShouldBe(partition);
        keys.RowKey.ShouldBe(row);
        WorkKeys.Unescape(keys.RowKey).ShouldBe(Doi.Parse(text).Suffix);
    }

    [Fact]
    public void Keys_never_hold_a_forbidden_character()
    {
        var nasty = new StringBuilder("10.5555/");
        for (var c = 0x21; c < 0x3000; c += 7)
        {
            if (!char.IsWhiteSpace((char)c) && !char.IsControl((char)c) && !char.IsSurrogate((char)c))
            {
                nasty.Append((char)c);
            }
        }

        var (partition, row) = WorkKeys.For(Doi.Parse(nasty.ToString()));

        foreach (var key in new[] { partition, row })
        {
            key.ShouldNotContain("/");
            key.ShouldNotContain("\\");
            key.ShouldNotContain("#");
            key.ShouldNotContain("?");
            key.ShouldNotContain("%");
            key.ShouldNotContain("'");
            key.Any(char.IsControl).ShouldBeFalse();
            Encoding.UTF8.GetByteCount(key).ShouldBeLessThanOrEqualTo(1024);
        }
    }

    [Fact]
    public void Long_DOIs_that_share_a_beginning_get_different_keys()
    {
        var stem = "10.1234/" + new string('x', 900);

        var a = WorkKeys.For(Doi.Parse(stem + "a"));
        var b = WorkKeys.For(Doi.Parse(stem + "b"));

        a.RowKey.Length.ShouldBe(WorkKeys.MaxRowKeyChars);
        a.RowKey.ShouldNotBe(b.RowKey);
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(200_000, 3)]
    [InlineData(1_000_000, 11)]
    public void A_work_body_of_any_size_comes_back_from_its_chunks(int length, int chunks)
    {
        var random = new Random(length);
        var json = "{\"DOI\":\"10.1/x\",\"t\":\"" + string.Concat(Enumerable.Range(0, length).Select(_ => (char)random.Next('a', 'z' + 1))) + "\"}";
        var entity = new TableEntity("p", "r");

        CachedCrossrefClient.WriteMessage(entity, json).ShouldBeTrue();

        CachedCrossrefClient.ReadMessage(entity).ShouldBe(json);
        entity.GetInt32("MessageParts").ShouldBe(chunks);
    }

    [Fact]
    public void A_body_too_large_even_gzipped_is_refused_rather_than_cut()
    {
        var random = new Random(1);
        var json = string.Concat(Enumerable.Range(0, 3_000_000).Select(_ => (char)random.Next('a', 'z' + 1)));

        CachedCrossrefClient.WriteMessage(new TableEntity("p", "r"), json).ShouldBeFalse();
    }
}
