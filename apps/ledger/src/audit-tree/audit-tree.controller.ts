import { Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ApiProblems, QueryRoutes } from '../http/api-docs';
import { minPosition, ProblemDto } from '../http/dto';
import { GetConsistencyProofQuery, GetDigestQuery, GetInclusionProofQuery } from './audit-tree.queries';
import {
  ConsistencyProofQuery, ConsistencyProofResponse, DigestQuery, DigestResponse, InclusionProofQuery, InclusionProofResponse,
} from './audit-tree.view';

const OUT_OF_RANGE = ApiResponse({
  status: 400,
  description: 'VALIDATION_FAILED: a malformed parameter; TREE_SIZE_OUT_OF_RANGE: a size beyond the tree, or one that cannot hold the leaf',
  type: ProblemDto,
});

/** The ledger's digest and the proofs an auditor checks against it, for auditors. The clock (at) is read here. */
@QueryRoutes('auditor', 'admin')
export class AuditTreeController {
  constructor(private readonly queries: QueryBus) {}

  @Get('audit/digest')
  @ApiOperation({
    summary: 'The Merkle tree hash of every event so far: what an auditor writes down (docs/audit.md)',
    description: 'RFC 6962 tree over the events\' hashes in position order. Keep treeSize and rootHash: later proofs are checked against them.',
  })
  @ApiOkResponse({ type: DigestResponse })
  @ApiProblems(400, 504)
  digest(@Query() q: DigestQuery) {
    return this.queries.execute(new GetDigestQuery(() => new Date().toISOString(), minPosition(q.minPosition)));
  }

  @Get('audit/proofs/inclusion')
  @ApiOperation({
    summary: 'Proof that an event is a leaf of the tree of a given size (RFC 9162 §2.1.3)',
    description: 'Check it against the rootHash of a digest of that treeSize. 404 EVENT_NOT_IN_TREE: unknown event, or not yet in the tree.',
  })
  @ApiOkResponse({ type: InclusionProofResponse })
  @ApiProblems(404, 504)
  @OUT_OF_RANGE
  inclusion(@Query() q: InclusionProofQuery) {
    return this.queries.execute(new GetInclusionProofQuery(q.eventId, q.treeSize, minPosition(q.minPosition)));
  }

  @Get('audit/proofs/consistency')
  @ApiOperation({
    summary: 'Proof that the tree of size `to` extends the tree of size `from` without changing it (RFC 9162 §2.1.4)',
    description: 'fromRoot must equal the rootHash an auditor kept for size from; keep toRoot as the new digest.',
  })
  @ApiOkResponse({ type: ConsistencyProofResponse })
  @ApiProblems(504)
  @OUT_OF_RANGE
  consistency(@Query() q: ConsistencyProofQuery) {
    return this.queries.execute(new GetConsistencyProofQuery(q.from, q.to, minPosition(q.minPosition)));
  }
}
