using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;

namespace OrleansChat.Storage;

/// <summary>Group commit: the write path of <see cref="SqliteGrainStorage"/>.</summary>
internal sealed partial class SqliteGrainStorage
{
    private async Task CommitBatchAsync(List<PendingWrite> batch)
    {
        // ClearStateAsync takes the gate too: one writer at a time.
        await _writeGate.WaitAsync().ConfigureAwait(false);
        var conflicts = new Exception?[batch.Count];
        try
        {
            await using var connection = await OpenAsync().ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
            var modified = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            for (var i = 0; i < batch.Count; i++)
            {
                var write = batch[i];
                await using var command = Command(connection, write.ExpectedEtag is null ? _sql.Insert : _sql.Update, write.GrainId, write.StateName);
                command.Transaction = transaction;
                command.Parameters.AddWithValue("@payload", write.Payload);
                command.Parameters.AddWithValue("@etag", write.Etag);
                command.Parameters.AddWithValue("@modified_utc", modified);
                if (write.ExpectedEtag is not null)
                {
                    command.Parameters.AddWithValue("@expected_etag", write.ExpectedEtag);
                }

                if (await command.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
                {
                    var stored = await ReadEtagAsync(connection, write.GrainId, write.StateName, transaction).ConfigureAwait(false);
                    conflicts[i] = Inconsistent(write.GrainId, write.StateName, write.ExpectedEtag, stored);
                }
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            // Nothing of the batch is stored: every write of it fails with the cause.
            StorageLog.BatchFailed(_logger, _name, batch.Count, exception);
            foreach (var write in batch)
            {
                write.Completion.TrySetException(exception);
            }

            return;
        }
        finally
        {
            _writeGate.Release();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            if (conflicts[i] is { } conflict)
            {
                write.Completion.TrySetException(conflict);
            }
            else
            {
                StorageLog.Written(_logger, _name, write.GrainId.ToString(), write.StateName, write.Etag);
                write.Completion.TrySetResult(write.Etag);
            }
        }
    }

    /// <summary>A write waiting for its batch.</summary>
    private sealed class PendingWrite(GrainId grainId, string stateName, byte[] payload, string? expectedEtag)
    {
        public GrainId GrainId { get; } = grainId;

        public string StateName { get; } = stateName;

        public byte[] Payload { get; } = payload;

        public string? ExpectedEtag { get; } = expectedEtag;

        public string Etag { get; } = Guid.NewGuid().ToString("N");

        public TaskCompletionSource<string> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Writes queue in a bounded channel; one loop takes every write waiting (up to the batch size) and commits them in
    /// one transaction, so writes of many grains arriving together pay one commit (one WAL sync) instead of one each.
    /// A write whose etag does not match fails alone with <see cref="Orleans.Storage.InconsistentStateException"/>; a
    /// failed transaction fails every write of its batch, none of which is stored.
    /// </summary>
    private sealed class GroupCommit
    {
        // Batches that may wait behind the one being committed before writers wait for room (backpressure).
        private const int QueuedBatches = 16;

        private readonly SqliteGrainStorage _storage;
        private readonly int _maxBatch;
        private readonly Channel<PendingWrite> _queue;
        private readonly Lazy<Task> _loop;

        public GroupCommit(SqliteGrainStorage storage, int maxBatch)
        {
            _storage = storage;
            _maxBatch = maxBatch;
            _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(maxBatch * QueuedBatches)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            _loop = new Lazy<Task>(StartLoop);
        }

        public async Task<string> WriteAsync(PendingWrite write)
        {
            _ = _loop.Value;
            await _queue.Writer.WriteAsync(write).ConfigureAwait(false);
            return await write.Completion.Task.ConfigureAwait(false);
        }

        public void Complete() => _queue.Writer.TryComplete();

        private Task StartLoop()
        {
            // The loop belongs to the storage, not to the grain turn that happened to write first.
            using (ExecutionContext.SuppressFlow())
            {
                return Task.Run(RunAsync, CancellationToken.None);
            }
        }

        private async Task RunAsync()
        {
            var reader = _queue.Reader;
            var batch = new List<PendingWrite>(_maxBatch);
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _maxBatch && reader.TryRead(out var write))
                {
                    batch.Add(write);
                }

                await _storage.CommitBatchAsync(batch).ConfigureAwait(false);
            }
        }
    }
}
