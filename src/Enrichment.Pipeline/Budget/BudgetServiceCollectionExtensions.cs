using Azure.Data.Tables;
using Enrichment.Core.Budget;
using Enrichment.Core.Crossref;
using Enrichment.Core.DataCite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Enrichment.Pipeline.Budget;

public static class BudgetServiceCollectionExtensions
{
    /// <summary>
    /// Shares Crossref's and DataCite's limits with the other instances on the storage account: starts paced by a schedule in
    /// storage (<see cref="TableSharedSlots"/>), concurrency (and, when storage is out of reach, the rate) by each
    /// instance's share (<see cref="InstanceBudget"/>, a hosted service in both hosts). Options: section <c>Budget</c>.
    /// </summary>
    public static IServiceCollection AddInstanceBudget(this IServiceCollection services)
    {
        services.AddOptions<BudgetOptions>().BindConfiguration(BudgetOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBudgetMember, CrossrefClient>(sp => sp.GetRequiredService<CrossrefClient>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBudgetMember, DataCiteClient>(sp => sp.GetRequiredService<DataCiteClient>()));
        services.AddSingleton<ISharedSlots>(sp => new TableSharedSlots(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.InstancesTable),
            sp.GetRequiredService<ILogger<TableSharedSlots>>()));
        services.AddSingleton<InstanceBudget>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceBudget>());
        return services;
    }
}
