import type { Figure } from './types';
const f: Figure = async () => [];
export default f;
