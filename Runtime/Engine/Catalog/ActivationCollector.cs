using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;

namespace OrleansChat.Runtime.Catalog;

/// <summary>
/// Every <see cref="GrainCollectionOptions.CollectionQuantum"/>, asks activations idle longer than
/// <see cref="GrainCollectionOptions.CollectionAge"/> to deactivate (each decides inside a turn, honouring KeepAlive).
/// </summary>
internal sealed class ActivationCollector(GrainCatalog catalog, IOptions<GrainCollectionOptions> options, TimeProvider timeProvider, ILogger<ActivationCollector> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var age = options.Value.CollectionAge;
        using var timer = new PeriodicTimer(options.Value.CollectionQuantum, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var requested = catalog.CollectIdle(age);
                if (requested > 0)
                {
                    CatalogLog.CollectionRequested(logger, requested);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
        catch (Exception exception)
        {
            CatalogLog.CollectorFailed(logger, exception);
            throw;
        }
    }
}
