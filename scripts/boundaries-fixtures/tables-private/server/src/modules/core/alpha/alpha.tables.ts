export interface AlphaTable {
  id: number;
}
export interface AlphaTables {
  alpha: AlphaTable;
}
