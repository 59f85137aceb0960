import type { FastifyInstance } from 'fastify';

/** Excel import and export of the catalogue. */
export async function transferRoutes(_fastify: FastifyInstance): Promise<void> {}
