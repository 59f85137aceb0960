import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../../platform/platform.js';

export function timelineRoutes(_app: FastifyInstance, _platform: Platform): void {
  // routes of this part of the CRM
}
