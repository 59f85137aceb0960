/**
 * What other modules use of the file store: uploads, reading file infos, and the links between
 * files and the items they are attached to (reading a file goes through those links).
 */
export { upload, noFile, tooLarge, fileInfos, ownFileIds, readableFiles, setFileLinks, removeFileLinks, forgetFiles, recordStoredFile, copyOfFile } from './service.js';
export { contentTexts } from './extract.js';
