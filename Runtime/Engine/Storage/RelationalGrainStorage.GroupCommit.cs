using System.Data.Common;
using System.Threading.Channels;

namespace OrleansChat.Runtime.Storage;

/// <summary>Group commit: the write path of single-writer databases (SQLite).</summary>
internal sealed partial class RelationalGrainStorage
{
    private async Task CommitBatchAsync(List<PendingWrite> batch)
    {
        // ClearAsync still takes the gate: one writer at a time, batch or not.
        using var writing = await EnterWriteAsync(CancellationToken.None).ConfigureAwait(false);
        var conflicts = new Exception?[batch.Count];
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                var write = batch[i];
                await using var command = Command(connection, write.ExpectedEtag is null ? _insertSql : _updateSql, write.GrainId, write.StateName);
                command.Transaction = transaction;
                AddParameter(command, "@payload", write.Payload);
                AddParameter(command, "@etag", write.Etag);
                AddParameter(command, "@modified_utc", _dialect.ModifiedValue(DateTime.UtcNow));
                if (write.ExpectedEtag is not null)
                {
                    AddParameter(command, "@expected_etag", write.ExpectedEtag);
                }

                if (await command.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
                {
                    var stored = await ReadEtagAsync(connection, write.GrainId, write.StateName, CancellationToken.None, transaction).ConfigureAwait(false);
                    conflicts[i] = new InconsistentStateException(write.GrainId, write.StateName, write.ExpectedEtag, stored);
                }
            }

            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Nothing of the batch is stored: every write of it fails with the cause.
            StorageLog.BatchFailed(_logger, _name, batch.Count, exception);
            foreach (var write in batch)
            {
                write.Completion.TrySetException(exception);
            }

            return;
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
                StorageLog.Written(_logger, _name, write.GrainId, write.StateName, write.Etag);
                write.Completion.TrySetResult(write.Etag);
            }
        }
    }

    /// <summary>A write waiting for its batch.</summary>
    private sealed class PendingWrite(GrainId grainId, string stateName, byte[] payload, string? expectedEtag, CancellationToken cancellation)
    {
        public GrainId GrainId { get; } = grainId;

        public string StateName { get; } = stateName;

        public byte[] Payload { get; } = payload;

        public string? ExpectedEtag { get; } = expectedEtag;

        public string Etag { get; } = Guid.NewGuid().ToString("N");

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource<string> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Writes queue in a bounded channel; one loop takes every write waiting (up to the batch size) and commits them in
    /// one transaction, so writes of many grains arriving together pay one commit (one WAL sync) instead of one each.
    /// A write whose etag does not match fails alone with <see cref="InconsistentStateException"/>; a failed
    /// transaction fails every write of its batch, none of which is stored. A write cancelled before its batch
    /// starts is dropped; once in a batch it completes, so the caller's etag always matches what is stored.
    /// </summary>
    private sealed class GroupCommit
    {
        // Batches that may wait behind the one being committed before writers wait for room (backpressure).
        private const int QueuedBatches = 16;

        private readonly RelationalGrainStorage _storage;
        private readonly int _maxBatch;
        private readonly Channel<PendingWrite> _queue;
        private readonly Lazy<Task> _loop;

        public GroupCommit(RelationalGrainStorage storage, int maxBatch)
        {
            _storage = storage;
            _maxBatch = maxBatch;
            _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(maxBatch * QueuedBatches)
            {
                SingleReader = true,
                SingleWriter = false,
                FullMode = BoundedChannelFullMode.Wait,
            });
            _loop = new Lazy<Task>(StartLoop);
        }

        public async Task<string> WriteAsync(GrainId grainId, string stateName, byte[] payload, string? expectedEtag, CancellationToken cancellationToken)
        {
            _ = _loop.Value;
            var write = new PendingWrite(grainId, stateName, payload, expectedEtag, cancellationToken);
            await _queue.Writer.WriteAsync(write, cancellationToken).ConfigureAwait(false);
            return await write.Completion.Task.ConfigureAwait(false);
        }

        private Task StartLoop()
        {
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
                    if (write.Cancellation.IsCancellationRequested)
                    {
                        write.Completion.TrySetCanceled(write.Cancellation);
                    }
                    else
                    {
                        batch.Add(write);
                    }
                }

                if (batch.Count > 0)
                {
                    await _storage.CommitBatchAsync(batch).ConfigureAwait(false);
                }
            }
        }
    }
}
